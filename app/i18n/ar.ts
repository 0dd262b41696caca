import type { Catalogue } from "./en";

export const ar: Partial<Catalogue> = {};
