/**
 * Longest pasted input read. A BOLT11 with many route hints runs to a few thousand characters,
 * and a BIP21 URI can carry one; anything longer is refused before any decoding.
 */
export const MAX_INPUT_LENGTH = 8192
