import type { ReactNode } from 'react'
import { useAction } from '../../hooks.ts'
import { DeleteButton, ErrorText, Panel } from '../../widgets.tsx'
import type { HttpApiContext } from './http-types.ts'

/**
 * The item chosen in an HTTP API tab (a route, an integration, an authorizer, a stage): a panel
 * with its forms and a Delete that asks first, sends DELETE to the item's path, shows AWS's
 * refusal in the panel (an authorizer still in use…) or, once deleted, goes back to the tab's list.
 */
export function ItemPanel(props: { call: HttpApiContext['call']; path: string; title: string; name: string; back: string; reload: () => void; children: ReactNode }) {
  const remove = useAction()
  const onDelete = () => void remove.run(() => props.call('DELETE', props.path)).then((ok) => ok && ((location.hash = props.back), props.reload()))
  return (
    <Panel title={props.title} actions={<DeleteButton name={props.name} what="the" onDelete={onDelete} />}>
      <ErrorText error={remove.error} />
      {props.children}
    </Panel>
  )
}
