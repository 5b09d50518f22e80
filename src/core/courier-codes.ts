/** Courier codes for escrow `logis.company` (reference §7.5); unknown values become ETC. */
export const courierCodes = [
  'HYUNDAI', 'HANARO', 'SAGAWA', 'KGB', 'YELLOWCAP', 'DONGBU', 'EPOST', 'CJGLS', 'HANJIN', 'DAESIN', 'REGISTPOST',
  'CHUNIL', 'ILYANG', 'CVSNET', 'KDEXP', 'HONAM', 'HDEXP', 'ETC',
] as const;

export type CourierCode = (typeof courierCodes)[number];

export const courierCode = (v: string): CourierCode => ((courierCodes as readonly string[]).includes(v.toUpperCase()) ? (v.toUpperCase() as CourierCode) : 'ETC');
