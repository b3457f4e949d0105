export interface Resource {
  id: string
  path: string
  parentId?: string
  pathPart?: string
  resourceMethods?: Record<string, unknown>
}

/** The resource tree as AWS's console draws it: paths indented by depth, methods under each. */
export function ResourceTree({ resources, base, selected, method }: { resources: Resource[]; base: string; selected?: string; method?: string }) {
  const sorted = [...resources].sort((a, b) => (a.path < b.path ? -1 : 1))
  return (
    <nav className="tree" aria-label="Resources">
      <ul>
        {sorted.map((r) => {
          const depth = r.path === '/' ? 0 : r.path.split('/').length - 1
          return (
            <li key={r.id} style={{ paddingLeft: `${depth}em` }}>
              <span className="path">{r.path === '/' ? '/' : `/${r.pathPart ?? r.path}`}</span>
              <ul>
                {Object.keys(r.resourceMethods ?? {})
                  .sort()
                  .map((m) => (
                    <li key={m}>
                      <a href={`${base}/${r.id}/${m}`} className={`method m-${m}`} aria-current={selected === r.id && method === m ? 'page' : undefined} aria-label={`${m} ${r.path}`}>
                        {m}
                      </a>
                    </li>
                  ))}
              </ul>
            </li>
          )
        })}
      </ul>
    </nav>
  )
}
