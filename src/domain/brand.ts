/**
 * Nominal typing for primitives. A `Brand<string, 'OrderId'>` is a string at run time, but the
 * compiler refuses to pass a plain string (or a `RunId`) where an `OrderId` is expected, so ids
 * and units cannot be swapped by accident. Values get their brand in one place: the parser or
 * constructor that checked them.
 */
declare const brand: unique symbol

export type Brand<T, B extends string> = T & { readonly [brand]: B }
