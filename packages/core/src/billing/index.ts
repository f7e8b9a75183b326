// Metering, invoices and cost accounting (issue 7 §4; Art. 23, 36, 37 of the Futian measures; 發改價格〔2025〕65號):
// exact money in 0.0001-yuan bigint units, usage records, fee standards from agreements, monthly invoices per
// organization hashed like agreements (SM3 over RFC 8785 bytes), and cost-plus accounts per product with the
// margin cap and the ±10 % deviation rule. Pure (no I/O, no clock); like `@shuyun/core/agreements` it reaches
// node:crypto through the ledger's JCS helpers, so import it from server and CLI code, not from the browser portal.
export * from './money.ts';
export * from './usage.ts';
export * from './tariff.ts';
export * from './invoice.ts';
export * from './cost.ts';
