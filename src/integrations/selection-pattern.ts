import { translateJavaRegex } from '../vtl/java-regex.ts'
import { IntegrationConfigError } from './errors.ts'

/**
 * `selectionPattern` is a Java regular expression matched against the whole selection value
 * (the backend status as a string for HTTP/MOCK/AWS, Lambda's errorMessage for AWS Lambda)
 * (botocore IntegrationResponse.selectionPattern; Developer Guide handle-errors-in-lambda-integration).
 * Java's `String.matches` is a full match, hence the anchors; the VTL engine's Java-regex
 * translator handles `\Q…\E`, inline flags, POSIX classes. No dotAll: Java's `.` stops at line
 * ends too, which is why AWS docs write `(\n|.)+`. A pattern that cannot be translated is a
 * configuration error.
 */
export function compileSelectionPattern(pattern: string, where: string): RegExp {
  try {
    const { source, flags } = translateJavaRegex(pattern)
    return new RegExp(`^(?:${source})(?![\\s\\S])`, flags)
  } catch (err) {
    throw new IntegrationConfigError(`Invalid selection pattern ${JSON.stringify(pattern)} in ${where}: ${(err as Error).message}`)
  }
}
