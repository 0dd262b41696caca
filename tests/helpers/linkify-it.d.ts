// linkify-it (a dependency of mailparser) models what mail clients turn into links.
declare module "linkify-it" {
  type Match = { url: string; text: string; index: number };
  export default class LinkifyIt {
    tlds(list: string[], keepOld?: boolean): this;
    set(options: { fuzzyLink?: boolean; fuzzyEmail?: boolean; fuzzyIP?: boolean }): this;
    test(text: string): boolean;
    match(text: string): Match[] | null;
  }
}
