#!/usr/bin/env node
// The btc-layers CLI; the code is built into ../dist/cli.js.
import '../dist/cli.js'
