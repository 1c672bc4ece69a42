/** Deploys a contract from anvil's unlocked dev account (eth_sendTransaction), returning its address. */
export async function deployFromDevAccount(rpcUrl: string, data: `0x${string}`): Promise<`0x${string}`> {
  let id = 1
  const rpc = async (method: string, params: unknown[]): Promise<unknown> => {
    const res = await fetch(rpcUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: id++, method, params }),
    })
    const body = (await res.json()) as { result?: unknown; error?: { message: string } }
    if (body.error) throw new Error(`${method}: ${body.error.message}`)
    return body.result
  }
  const [from] = (await rpc('eth_accounts', [])) as string[]
  const gasPrice = (await rpc('eth_gasPrice', [])) as string
  const hash = await rpc('eth_sendTransaction', [{ from, data, gas: '0x2dc6c0', gasPrice }])
  for (let i = 0; i < 100; i++) {
    const receipt = (await rpc('eth_getTransactionReceipt', [hash])) as { contractAddress?: `0x${string}`; status?: string } | null
    if (receipt?.contractAddress && receipt.status === '0x1') return receipt.contractAddress
    if (receipt) throw new Error('deployment reverted')
    await new Promise((r) => setTimeout(r, 20))
  }
  throw new Error('deployment not mined')
}

/** Sends a call from anvil's dev account with a fixed gas (so a reverting call is still mined); returns its hash. */
export async function sendFromDevAccount(rpcUrl: string, to: `0x${string}`, data: `0x${string}`): Promise<`0x${string}`> {
  const call = async (method: string, params: unknown[]) => {
    const res = await fetch(rpcUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
    })
    const body = (await res.json()) as { result?: unknown; error?: { message: string } }
    if (body.error) throw new Error(`${method}: ${body.error.message}`)
    return body.result
  }
  const [from] = (await call('eth_accounts', [])) as string[]
  const gasPrice = (await call('eth_gasPrice', [])) as string
  return (await call('eth_sendTransaction', [{ from, to, data, gas: '0x186a0', gasPrice }])) as `0x${string}`
}
