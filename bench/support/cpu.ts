import { readFileSync } from 'node:fs'

/** CPU time (user + system, ms) a process has used so far: Linux's /proc/<pid>/stat, in clock ticks of 10 ms */
export function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')
  return (Number(fields[11]) + Number(fields[12])) * 10
}
