/**
 * A small tokenizer for the template editor's colours: VTL (directives, references, comments)
 * with JSON inside it (strings, numbers, keywords, keys). One pass, one regular expression, no
 * dependency; whatever it does not recognise is plain text, so the tokens always join back into
 * the input exactly (the editor overlays them under a transparent textarea).
 */

export type TokenKind = 'comment' | 'directive' | 'reference' | 'key' | 'string' | 'number' | 'keyword' | 'punctuation' | 'text'

export interface Token {
  kind: TokenKind
  text: string
}

// order matters: comments before directives (both start with #), keys before strings
const RULES: Array<[TokenKind, string]> = [
  ['comment', String.raw`##[^\n]*|#\*[\s\S]*?(?:\*#|$)`],
  ['directive', String.raw`#\{?(?:if|elseif|else|end|foreach|set|break|stop|define|macro|evaluate|parse|include)\}?`],
  ['reference', String.raw`\$!?\{?[A-Za-z_][\w-]*(?:\.[A-Za-z_]\w*)*\}?`],
  ['key', String.raw`"(?:[^"\\\n]|\\.)*"(?=\s*:)`],
  ['string', String.raw`"(?:[^"\\\n]|\\.)*"?|'(?:[^'\\\n]|\\.)*'?`],
  ['number', String.raw`-?\b\d+(?:\.\d+)?(?:[eE][+-]?\d+)?\b`],
  ['keyword', String.raw`\b(?:true|false|null|in)\b`],
  ['punctuation', String.raw`[{}\[\]:,()]`],
]
const PATTERN = new RegExp(RULES.map(([, source]) => `(${source})`).join('|'), 'g')

export function tokenize(source: string): Token[] {
  const tokens: Token[] = []
  let last = 0
  for (const match of source.matchAll(PATTERN)) {
    if (match[0] === '') continue
    if (match.index > last) tokens.push({ kind: 'text', text: source.slice(last, match.index) })
    const group = match.findIndex((g, i) => i > 0 && g !== undefined)
    tokens.push({ kind: RULES[group - 1]![0], text: match[0] })
    last = match.index + match[0].length
  }
  if (last < source.length) tokens.push({ kind: 'text', text: source.slice(last) })
  return tokens
}
