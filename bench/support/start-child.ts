import { spawn, type ChildProcess } from 'node:child_process'

/**
 * Spawns `node <args>` in `cwd`, adds it to `children` (the caller stops them all at the end),
 * and resolves with its stdout's first match of `ready`; rejects when it exits first or does not
 * print it within 20 s.
 */
export function startChild(
  children: ChildProcess[],
  args: string[],
  ready: RegExp,
  options: { env?: NodeJS.ProcessEnv; cwd: string },
): Promise<{ child: ChildProcess; match: RegExpMatchArray }> {
  const child = spawn(process.execPath, args, { cwd: options.cwd, stdio: ['ignore', 'pipe', 'inherit'], env: options.env ?? process.env })
  children.push(child)
  return new Promise((resolve, reject) => {
    let out = ''
    const timer = setTimeout(() => reject(new Error(`${args.join(' ')} did not start in 20 s:\n${out}`)), 20_000)
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString()
      const match = out.match(ready)
      if (match) {
        clearTimeout(timer)
        resolve({ child, match })
      }
    })
    child.on('exit', (code) => reject(new Error(`${args.join(' ')} exited with ${code}:\n${out}`)))
  })
}
