#!/usr/bin/env node
// The btc-layers CLI; its code is built into ../dist/cli.js.
import { main } from '../dist/cli.js'

process.exitCode = await main(process.argv.slice(2))
