import { defineProject } from 'vitest/config'
import { sourceAliases } from '../../vitest.workspace.js'

export default defineProject({
  resolve: { alias: sourceAliases },
  test: {
    name: 'sdk',
    include: ['test/**/*.test.ts'],
    testTimeout: 20_000,
  },
})
