import type { Catalogue } from "./en";

export const fa: Partial<Catalogue> = {};
