import { describe, expect, it } from 'vitest'
import { ServiceGroup, startHttpServer, startLocalNetwork } from '../src/index.js'

describe('startLocalNetwork', () => {
  it('starts on regtest and stops idempotently', async () => {
    const net = await startLocalNetwork()
    expect(net.network).toBe('regtest')
    await net.stop()
    await net.stop()
  })

  it('refuses networks that cannot run locally', async () => {
    await expect(startLocalNetwork({ network: 'mainnet' as 'regtest' })).rejects.toThrow(/only regtest/)
  })
})

describe('ServiceGroup', () => {
  it('stops in reverse order, once, and reports every failure', async () => {
    const order: string[] = []
    const group = new ServiceGroup()
    for (const name of ['a', 'b', 'c']) {
      group.add({
        name,
        stop: async () => {
          order.push(name)
          if (name === 'b') throw new Error('b failed')
        },
      })
    }
    await expect(group.stop()).rejects.toThrow(AggregateError)
    await expect(group.stop()).rejects.toThrow(AggregateError)
    expect(order).toEqual(['c', 'b', 'a'])
    expect(() => group.add({ name: 'd', stop: async () => {} })).toThrow(/stopping/)
  })
})

describe('startHttpServer', () => {
  it('listens on loopback only and closes open connections on stop', async () => {
    const server = await startHttpServer('echo', (req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' })
      res.end(req.url)
    })
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    const res = await fetch(`${server.url}/hello`, { headers: { connection: 'keep-alive' } })
    expect(await res.text()).toBe('/hello')
    await server.stop()
    await expect(fetch(`${server.url}/again`)).rejects.toThrow()
  })

  it('answers 500 when a handler throws', async () => {
    const server = await startHttpServer('broken', () => {
      throw new Error('handler bug')
    })
    try {
      const res = await fetch(server.url)
      expect(res.status).toBe(500)
      expect(await res.text()).toContain('handler bug')
    } finally {
      await server.stop()
    }
  })
})
