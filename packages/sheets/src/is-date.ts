/** A date value (of whichever realm made it): what a sheet shows as a date. */
export const isDate = (v: unknown): v is Date => Object.prototype.toString.call(v) === '[object Date]';
