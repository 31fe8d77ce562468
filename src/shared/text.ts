// Spans: the one coordinate system of the app, from import to highlighting (shared layer).

/** A half-open range [start, end) of UTF-16 code units into a document's text. */
export interface Span {
  readonly start: number
  readonly end: number
}

/** True when the span lies inside a text of `length` code units and is not inverted. */
export function isValidSpan(span: Span, length: number): boolean {
  return (
    Number.isInteger(span.start) &&
    Number.isInteger(span.end) &&
    span.start >= 0 &&
    span.start <= span.end &&
    span.end <= length
  )
}

/** The text a span covers; throws on bounds outside the text, so a bad offset never reads silently. */
export function spanText(text: string, span: Span): string {
  if (!isValidSpan(span, text.length)) {
    throw new RangeError(`span [${span.start}, ${span.end}) is outside a text of ${text.length}`)
  }
  return text.slice(span.start, span.end)
}

/** True when two spans share at least one code unit. */
export function spansOverlap(a: Span, b: Span): boolean {
  return a.start < b.end && b.start < a.end
}
