import type { ClientCertificate } from '../../model/account.ts'
import { newId } from '../../lib/ids.ts'
import { notFound, type ApiError } from '../protocol/errors.ts'
import type { ControlServices, Operation } from '../protocol/operation.ts'
import { paginate } from '../protocol/paging.ts'
import { applyPatch } from '../protocol/patch.ts'
import { optionalString, optionalStringMap } from './support/input.ts'
import { descriptionRule } from './support/description-rule.ts'
import { selfSignedCertificate } from './account-support/self-signed-certificate.ts'

/** GenerateClientCertificate, GetClientCertificate(s), UpdateClientCertificate, DeleteClientCertificate. */

const ONE = '/clientcertificates/{clientcertificate_id}'

export const UNKNOWN_CLIENT_CERTIFICATE = 'Invalid Client Certificate identifier specified'
export const unknownClientCertificate = (): ApiError => notFound(UNKNOWN_CLIENT_CERTIFICATE)

/** AWS's client certificates are valid for 365 days */
const VALIDITY_DAYS = 365

async function findCertificate(services: ControlServices, id: string): Promise<ClientCertificate> {
  const certificate = await services.store.getClientCertificate(id)
  if (!certificate) throw unknownClientCertificate()
  return certificate
}

export const clientCertificateOperations: Operation[] = [
  {
    name: 'GenerateClientCertificate',
    method: 'POST',
    path: '/clientcertificates',
    successStatus: 201,
    async handler({ body }, services) {
      const description = optionalString(body, 'description')
      const tags = optionalStringMap(body, 'tags')
      const id = newId(6)
      const generated = selfSignedCertificate(`portico-client-${id}`, services.now(), VALIDITY_DAYS)
      const certificate: ClientCertificate = {
        clientCertificateId: id,
        ...(description !== undefined && description !== '' && { description }),
        pemEncodedCertificate: generated.pem,
        createdDate: generated.notBefore,
        expirationDate: generated.notAfter,
        ...(tags !== undefined && { tags }),
      }
      await services.store.createClientCertificate(certificate)
      // kept sealed, never returned: the stages naming it present it to their HTTP backends
      await services.store.setClientCertificateKey(id, generated.privateKeyPem)
      return certificate
    },
  },
  {
    name: 'GetClientCertificate',
    method: 'GET',
    path: ONE,
    successStatus: 200,
    async handler({ params }, services) {
      return findCertificate(services, params.clientcertificate_id!)
    },
  },
  {
    name: 'GetClientCertificates',
    method: 'GET',
    path: '/clientcertificates',
    successStatus: 200,
    async handler({ query }, services) {
      return paginate(await services.store.listClientCertificates(), query)
    },
  },
  {
    name: 'UpdateClientCertificate',
    method: 'PATCH',
    path: ONE,
    successStatus: 200,
    async handler({ params, body }, services) {
      const certificate = await findCertificate(services, params.clientcertificate_id!)
      const patched = applyPatch(
        certificate,
        body.patchOperations,
        [
          descriptionRule(),
        ],
        { ops: ['add', 'remove', 'replace'] },
      )
      await services.store.updateClientCertificate(patched, certificate)
      return patched
    },
  },
  {
    name: 'DeleteClientCertificate',
    method: 'DELETE',
    path: ONE,
    successStatus: 202,
    async handler({ params }, services) {
      if (!(await services.store.deleteClientCertificate(params.clientcertificate_id!))) throw unknownClientCertificate()
      return undefined
    },
  },
]
