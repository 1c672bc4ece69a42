// `pnpm bench`: every benchmark, printed. Numbers are for the note, never for assertions.
import { benchBitcoin, benchSync } from './bitcoin.bench.js'
import { benchBundle, benchParse } from './bundle.bench.js'
import { benchCore } from './core.bench.js'
import { benchRootstock } from './rootstock.bench.js'

console.log(`node ${process.version} on ${process.platform}/${process.arch}`)
const only = process.argv[2]
if (!only || only === 'core') await benchCore()
if (!only || only === 'bitcoin') await benchBitcoin()
if (!only || only === 'sync') await benchSync()
if (!only || only === 'rootstock') await benchRootstock()
// `bundle` also runs `parse` (parseDestination throughput); `parse` runs it alone.
if (!only || only === 'bundle') await benchBundle()
if (!only || only === 'bundle' || only === 'parse') await benchParse()
