// The active language's messages reach the browser as a script of their own, not inside the
// root loader's data, which is inlined in every page and sent again on every navigation.
import vm from "node:vm";
import { beforeAll, describe, expect, it } from "vitest";
import { catalogueFor } from "~/i18n/catalogues.server";
import { catalogueScriptPath, loadedCatalogue } from "~/i18n/loaded";
import { loader as rootLoader } from "~/root";
import { loader as catalogueLoader } from "~/routes/catalogue.$locale";
import { callRoute, makeRequest, seedSite } from "../helpers/factories";

beforeAll(async () => {
  await seedSite();
});

async function catalogueResponse(path: string, locale: string): Promise<Response> {
  try {
    return (await catalogueLoader({ request: makeRequest(path), params: { locale }, context: {} } as never)) as Response;
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}

describe("the catalogue the page translates with", () => {
  it("is not in the root loader's data, which names the version of the script that has it", async () => {
    const root = await callRoute(rootLoader, makeRequest("/", { headers: { "accept-language": "ar" } }));
    const data = root.data as { locale: string; catalogueVersion: string };
    expect(data.locale).toBe("ar");
    expect(Object.keys(data)).not.toContain("catalogue");
    // No message is sent with the data: only the locale and the version of its script.
    expect(JSON.stringify(data)).not.toContain(catalogueFor("ar")["list.searchPlaceholder"] as string);
    expect(data.catalogueVersion).toMatch(/^[\w-]{12}$/);
    // The server renders with the same messages the browser will load.
    expect(loadedCatalogue("ar")).toEqual(catalogueFor("ar"));
  });

  it("is served as a script that provides exactly that locale's messages, cached for good under its current version", async () => {
    const root = await callRoute(rootLoader, makeRequest("/", { headers: { "accept-language": "fa" } }));
    const { catalogueVersion } = root.data as { catalogueVersion: string };
    const response = await catalogueResponse(catalogueScriptPath("fa", catalogueVersion), "fa");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    expect(response.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    const browser = { __closeloopCatalogues: { en: { "nav.skip": "kept" } } } as { __closeloopCatalogues: Record<string, unknown>; globalThis?: unknown };
    browser.globalThis = browser;
    vm.runInNewContext(await response.text(), browser);
    expect(browser.__closeloopCatalogues.fa).toEqual(catalogueFor("fa"));
    // A catalogue loaded before (the page's previous language) stays.
    expect(browser.__closeloopCatalogues.en).toEqual({ "nav.skip": "kept" });
  });

  it("is not cached under another version, and an unknown locale is not found", async () => {
    const stale = await catalogueResponse("/catalogue/en?v=old", "en");
    expect(stale.status).toBe(200);
    expect(stale.headers.get("cache-control")).toBe("no-cache");
    expect((await catalogueResponse("/catalogue/xx?v=1", "xx")).status).toBe(404);
  });
});
