// `pnpm demo`: the CLI's demo (`btc-layers demo`) on the built packages: local networks, a
// fresh wallet, every layer. See packages/sdk/src/cli/commands/demo.ts.
import { main } from '@btc-layers/sdk/cli'

process.exitCode = await main(['demo', ...process.argv.slice(2)])
