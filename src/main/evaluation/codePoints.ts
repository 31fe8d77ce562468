// Code-point offsets (what the Python tools and the corpora count) to UTF-16 offsets (what every
// Span of the app counts), for texts with characters outside the BMP (evaluation layer).

const SURROGATE = /[\uD800-\uDFFF]/

/** A function from a code-point offset into `text` to the UTF-16 offset of the same position. */
export function codePointToUtf16(text: string): (offset: number) => number {
  if (!SURROGATE.test(text)) return (offset) => offset
  const starts: number[] = []
  let utf16 = 0
  for (const char of text) {
    starts.push(utf16)
    utf16 += char.length
  }
  starts.push(utf16)
  // Offsets past the end stay past it, so bounds checks downstream still see them.
  return (offset) => starts[offset] ?? utf16 + (offset - (starts.length - 1))
}
