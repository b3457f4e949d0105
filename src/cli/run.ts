// Process entry point of the `portico` command.
import { runCli } from './main.ts'

runCli(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code
  },
  (error: Error) => {
    console.error(`portico: ${error?.stack ?? error}`)
    process.exitCode = 1
  },
)
