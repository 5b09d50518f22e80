/**
 * KICC's card company codes (the 3-digit issuer codes of its answers: `026` BC and `047` Lotte are
 * recorded [REC]; the others come from the same VAN code table in public merchant code [3P]) and the
 * KFTC codes V1 uses (`card_code`, `card.direct.code`, `card.detail`). Unknown codes map to nothing.
 */
const kftcToKicc: Record<string, string> = {
  361: '026', 381: '016', 374: '006', 371: '018', 367: '027', 366: '029', 365: '031', 368: '047',
};
const kiccToKftc: Record<string, string> = Object.fromEntries(Object.entries(kftcToKicc).map(([v1, k]) => [k, v1]));

export const kiccCardCode = (kftc: string): string | null => kftcToKicc[kftc] ?? null;
export const v1CardCode = (kicc: string): string | null => kiccToKftc[kicc] ?? null;
/** The KFTC codes of the companies KICC's window offers. */
export const kiccOfferedCards: readonly string[] = Object.keys(kftcToKicc);
