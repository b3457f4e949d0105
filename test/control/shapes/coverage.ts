/**
 * Which of the model's operations Portico supports: the names of src/control/operations'
 * managementOperations, set against botocore's list. Portico's own operations (GetPorticoMetrics…)
 * are not in the model and are listed apart.
 */
import { managementOperations } from '../../../src/control/operations/index.ts'
import type { AwsModel } from './aws-model.ts'

export interface OperationCoverage {
  /** in the model and in Portico, sorted */
  supported: string[]
  /** in the model, not in Portico, sorted */
  missing: string[]
  /** Portico's own, not in the model */
  porticoOnly: string[]
}

export function operationCoverage(model: AwsModel): OperationCoverage {
  const ours = new Set(managementOperations.map((op) => op.name))
  const all = Object.keys(model.operations).sort()
  return {
    supported: all.filter((op) => ours.has(op)),
    missing: all.filter((op) => !ours.has(op)),
    porticoOnly: [...ours].filter((op) => !(op in model.operations)).sort(),
  }
}
