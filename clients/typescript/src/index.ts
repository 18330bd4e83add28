// The Sekisho API for merchants' Node.js back ends: every path, body and answer typed from the
// committed OpenAPI document (src/schema.d.ts is generated: `npm run generate`).
import createClient, { type Client, type ClientOptions } from "openapi-fetch";

import type { components, paths } from "./schema.js";

export type { components, paths };
export type Schemas = components["schemas"];
export type SekishoClient = Client<paths>;

export interface SekishoClientOptions extends Omit<ClientOptions, "baseUrl"> {
  /** Where Sekisho answers, e.g. `https://sekisho.example.jp`. */
  baseUrl: string;
  /** A tenant's API key (`sk_live_…`), or a dashboard session token. */
  apiKey: string;
}

/** A client that sends the API key on every call. */
export function createSekishoClient({ baseUrl, apiKey, headers, ...rest }: SekishoClientOptions): SekishoClient {
  return createClient<paths>({
    ...rest,
    baseUrl: baseUrl.replace(/\/+$/, ""),
    headers: { ...(headers as Record<string, string> | undefined), authorization: `Bearer ${apiKey}` },
  });
}
