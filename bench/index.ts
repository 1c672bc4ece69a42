// `pnpm bench`: every benchmark, printed. Numbers are for the note, never for assertions.
import { benchCore } from './core.bench.js'

console.log(`node ${process.version} on ${process.platform}/${process.arch}`)
await benchCore()
