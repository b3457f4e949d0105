/**
 * `${stageVariables.name}` inside integration URIs, Lambda ARNs and credentials ARNs
 * (aws-api-gateway-stage-variables-reference: `http://${stageVariables.<variable_name>}`,
 * `…:function:${stageVariables.<function_variable_name>}/invocations`, …).
 *
 * Only the `${stageVariables.x}` form is substituted; other `${…}` text is left alone. AWS does
 * not document what an undefined variable becomes. LocalStack substitutes the empty string
 * (`helpers.py::render_uri_with_stage_variables`), so the damage shows later, when the
 * integration parses `http:///x` or calls a function named ``. We do the same and also report
 * the undefined names, so the integration can log why it failed (unsure).
 */

const STAGE_VARIABLE = /\$\{stageVariables\.([A-Za-z0-9_]+)\}|\$\{stageVariables\['([^']*)'\]\}/g

export function interpolateStageVariables(text: string, vars: Readonly<Record<string, string>>): string {
  if (!text.includes('${')) return text
  return text.replace(STAGE_VARIABLE, (_match, dotted?: string, quoted?: string) => {
    const name = dotted ?? quoted ?? ''
    return Object.prototype.hasOwnProperty.call(vars, name) ? vars[name]! : ''
  })
}

/** The stage variables `text` refers to that `vars` does not define, in order of appearance. */
export function undefinedStageVariables(text: string, vars: Readonly<Record<string, string>>): string[] {
  const missing: string[] = []
  for (const match of text.matchAll(STAGE_VARIABLE)) {
    const name = match[1] ?? match[2] ?? ''
    if (!Object.prototype.hasOwnProperty.call(vars, name) && !missing.includes(name)) missing.push(name)
  }
  return missing
}
