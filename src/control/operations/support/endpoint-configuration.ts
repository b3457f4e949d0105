import type { EndpointConfiguration, EndpointType, IpAddressType } from '../../../model/index.ts'
import { badRequest } from '../../protocol/errors.ts'
import type { PatchChange } from '../../protocol/patch.ts'

/**
 * A REST API's `endpointConfiguration.ipAddressType`, as AWS records it (LocalStack's AWS-recorded
 * snapshots test_create_rest_api_verify_defaults, test_create_rest_api_with_endpoint_configuration,
 * test_update_rest_api_ip_address_type; AWS's "IP address types for REST APIs" guide):
 * `ipv4` by default for EDGE and REGIONAL, `dualstack` for PRIVATE (the only type it allows);
 * every RestApi answer carries it.
 */

export const IP_ADDRESS_TYPES: readonly IpAddressType[] = ['ipv4', 'dualstack']

export function defaultIpAddressType(type: EndpointType | undefined): IpAddressType {
  return type === 'PRIVATE' ? 'dualstack' : 'ipv4'
}

/** The configuration as AWS answers it: the default filled in where none was chosen. */
export function endpointConfigurationShape(config: EndpointConfiguration): EndpointConfiguration {
  return { ...config, ipAddressType: config.ipAddressType ?? defaultIpAddressType(config.types[0]) }
}

export const privateNeedsDualstack = () => badRequest('Only dualstack ipAddressType is supported for Private APIs.')

/** CreateRestApi's type and ipAddressType together (the enum itself is checked by the caller). */
export function checkIpAddressType(type: EndpointType | undefined, ipAddressType: IpAddressType | undefined): void {
  if (type === 'PRIVATE' && ipAddressType === 'ipv4') throw privateNeedsDualstack()
}

/** UpdateRestApi `replace /endpointConfiguration/ipAddressType` (AWS takes only replace). */
export function patchIpAddressType(api: { endpointConfiguration: EndpointConfiguration }, change: PatchChange): void {
  const value = change.value as string | undefined
  if (!IP_ADDRESS_TYPES.includes(value as IpAddressType)) throw badRequest('ipAddressType must be either ipv4 or dualstack.')
  api.endpointConfiguration.ipAddressType = value as IpAddressType
}

/**
 * After an UpdateRestApi: a switch to PRIVATE makes the API dualstack (AWS answers EDGE → PRIVATE
 * with `dualstack`), and a PRIVATE API cannot be made ipv4.
 */
export function settleIpAddressType(before: EndpointConfiguration, after: EndpointConfiguration): void {
  const type = after.types[0]
  if (type === 'PRIVATE' && before.types[0] !== 'PRIVATE' && after.ipAddressType === before.ipAddressType) after.ipAddressType = 'dualstack'
  if (type === 'PRIVATE' && after.ipAddressType === 'ipv4') throw privateNeedsDualstack()
}
