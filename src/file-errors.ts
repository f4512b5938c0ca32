// A file system call's failure in words, for the messages that name a path the user gave: the
// common cases plainly (Node's own text repeats the call and the path, "ELOOP: too many symbolic
// links encountered, open '...'"), others as Node says them. Shared by the model sources
// (src/model/source.ts) and the training command's files (src/train/).

/** Why a read or stat of a path failed; `missing` says what was looked for where it is absent. */
export function whyUnreadable(e: unknown, missing = 'no such file'): string {
  const code = (e as { code?: unknown } | undefined)?.code;
  switch (code) {
    case 'ENOENT':
      return missing;
    case 'EISDIR':
      return 'it is a folder, not a file';
    case 'ELOOP':
      return 'its symbolic links lead round in a loop';
    case 'ENOTDIR':
      return 'it, or a folder on its path, is a file';
    case 'ENAMETOOLONG':
      return 'the name is too long for a path (text given for a path?)';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    default:
      return (e as Error).message;
  }
}
