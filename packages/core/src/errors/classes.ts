import { BtcLayersError, type BtcLayersErrorOptions } from './base.js'
import type {
  AbortedErrorCode,
  BackendErrorCode,
  FeeErrorCode,
  FundsErrorCode,
  InputErrorCode,
  NetworkErrorCode,
  StateErrorCode,
  UnsupportedErrorCode,
} from './codes.js'

/** Bad input from the caller: fix the input and try again. Nothing was signed or sent. */
export class InputError extends BtcLayersError<InputErrorCode> {
  override name = 'InputError'
  constructor(shortMessage: string, options: BtcLayersErrorOptions<InputErrorCode>) {
    super(shortMessage, options)
  }
}

/** Something belongs to another network (or layer) than the one in use. Never converted. */
export class NetworkError extends BtcLayersError<NetworkErrorCode> {
  override name = 'NetworkError'
  constructor(shortMessage: string, options: BtcLayersErrorOptions<NetworkErrorCode>) {
    super(shortMessage, options)
  }
}

/** Not enough money, or an output too small to be relayed. */
export class FundsError extends BtcLayersError<FundsErrorCode> {
  override name = 'FundsError'
  constructor(shortMessage: string, options: BtcLayersErrorOptions<FundsErrorCode>) {
    super(shortMessage, options)
  }
}

/** The fee is above the safety bound; pass `maxFee`/`maxFeeRate` to accept it. */
export class FeeError extends BtcLayersError<FeeErrorCode> {
  override name = 'FeeError'
  constructor(shortMessage: string, options: BtcLayersErrorOptions<FeeErrorCode>) {
    super(shortMessage, options)
  }
}

/** A backend (node, indexer, API) failed, timed out, answered nonsense or refused a broadcast. */
export class BackendError extends BtcLayersError<BackendErrorCode> {
  override name = 'BackendError'
  constructor(shortMessage: string, options: BtcLayersErrorOptions<BackendErrorCode>) {
    super(shortMessage, options)
  }
}

/** A network, input or operation this layer (or this backend) does not support. */
export class UnsupportedError extends BtcLayersError<UnsupportedErrorCode> {
  override name = 'UnsupportedError'
  constructor(shortMessage: string, options: BtcLayersErrorOptions<UnsupportedErrorCode>) {
    super(shortMessage, options)
  }
}

/** The caller's AbortSignal fired. */
export class AbortedError extends BtcLayersError<AbortedErrorCode> {
  override name = 'AbortedError'
  constructor(
    shortMessage = 'The operation was aborted by the caller.',
    options: Omit<BtcLayersErrorOptions<AbortedErrorCode>, 'code'> = {},
  ) {
    super(shortMessage, { ...options, code: 'ABORTED' })
  }
}

/** An object was used after `destroy()`. */
export class StateError extends BtcLayersError<StateErrorCode> {
  override name = 'StateError'
  constructor(shortMessage: string, options: BtcLayersErrorOptions<StateErrorCode>) {
    super(shortMessage, options)
  }
}
