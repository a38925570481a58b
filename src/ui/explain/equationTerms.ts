/** Where a written equation may wrap: between its top-level terms, never inside one. */

/**
 * `expression` cut before each `+`, `−` or `-` outside parentheses (the left side stays with
 * the first term). Joined with single spaces the terms give `expression` back.
 */
export function equationTerms(expression: string): string[] {
  const terms: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < expression.length; i++) {
    const c = expression[i];
    if (c === '(') depth += 1;
    else if (c === ')') depth = Math.max(0, depth - 1);
    else if (c === ' ' && depth === 0 && /^[+−-] /.test(expression.slice(i + 1, i + 3)) && i > start) {
      terms.push(expression.slice(start, i));
      start = i + 1;
    }
  }
  terms.push(expression.slice(start));
  return terms;
}
