/** A secret as AWS's execution logs show it: asterisks, then its last four characters. */
export function maskSecret(value: string | undefined): string {
  if (!value) return ''
  return '*'.repeat(Math.max(0, value.length - 4)) + value.slice(-4)
}
