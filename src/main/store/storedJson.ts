// Reading JSON columns back (store layer): checked against a schema like any outside input, since
// another process or an older version may have written the file.
import type { z } from 'zod'

/** Parses a JSON column; a malformed value throws, naming the column but never its content. */
export function readStoredJson<T>(json: string, schema: z.ZodType<T>, what: string): T {
  let value: unknown
  try {
    value = JSON.parse(json)
  } catch {
    throw new Error(`the stored ${what} are not valid JSON; the file is damaged`)
  }
  const parsed = schema.safeParse(value)
  if (!parsed.success) throw new Error(`the stored ${what} are malformed; the file is damaged`)
  return parsed.data
}
