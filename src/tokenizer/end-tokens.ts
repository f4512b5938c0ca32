// The tokens that end a turn or a text in common model families, read by both tokenizer sources,
// so a model stops at the same token whether it comes as a Hugging Face folder or as GGUF.

/**
 * The end-of-turn texts llama.cpp ends generation at in any GGUF file: Phi-3's <|end|>, ChatML's
 * <|im_end|>, Llama 3's <|eot_id|> and <|eom_id|>, Gemma's <end_of_turn>, CodeLlama's <EOT>,
 * DeepSeek's <｜end▁of▁sentence｜>.
 */
export const END_OF_TURN_TEXTS: readonly string[] = ['<|eot_id|>', '<|eom_id|>', '<|im_end|>', '<|end|>', '<end_of_turn>', '<|endoftext|>', '<EOT>', '_<EOT>', '<｜end▁of▁sentence｜>'];

/**
 * The texts a tokenizer.json's special added tokens end generation at, beside the EOS its files
 * name (Phi-3's <|end|> beside <|endoftext|>): the end-of-turn texts and the families' plain EOS
 * texts. Not for GGUF, whose metadata names its EOS (a Phi-3 GGUF's </s> is user-defined text).
 */
export const END_TOKEN_TEXTS: readonly string[] = ['</s>', '<eos>', '<|end_of_text|>', ...END_OF_TURN_TEXTS];
