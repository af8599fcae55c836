/**
 * Who may call the API ({@code tscam.security.mode}): nobody is asked (none), an API key from a
 * mounted file, or a JWT from the company's identity provider (Spring Security's OAuth2 resource
 * server). Also the browser origins allowed to call it (CORS). Rejections are RFC 9457 problems
 * written by the web layer's exception handler; no key or token is ever logged.
 */
package io.tscam.server.security;
