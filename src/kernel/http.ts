/**
 * Content negotiation, defined once: whether a request wants JSON rather than a page.
 */

/**
 * True when the client asks for JSON and does not prefer HTML (browsers list text/html in every
 * navigation's Accept; scripts and the editor ask for application/json alone).
 */
export function wantsJson(req: { headers: { accept?: string } }): boolean {
  const accept = req.headers.accept ?? '';
  return accept.includes('application/json') && !accept.includes('text/html');
}
