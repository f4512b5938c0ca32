// Messages written in the API's option names, reworded in a front end's: the command line's flags
// (batchSize -> --batch), a demo page's fields (topP -> "top-p"). One rule for both: a name in
// quotes is a label the front end wrote itself, and a name inside a dotted one (layers.0.qkv, a
// buffer's label; model.layers.0, a tensor's) names no option.

/** A rewrite of messages that puts `replacements[name]` for each option name standing alone. */
export function renamingOptions(replacements: Readonly<Record<string, string>>): (message: string) => string {
  const names = Object.keys(replacements);
  if (names.length === 0) return (message) => message;
  const option = new RegExp(`(?<![".])\\b(${names.join('|')})\\b(?!"|\\.\\w)`, 'g');
  return (message) => message.replace(option, (name) => replacements[name]!);
}
