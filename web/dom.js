// Small DOM and API helpers. Text always goes in through textContent; the one exception, the API's
// snippet (escaped by the server, with <mark> around matches), is set with setSnippet below.

export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === "class") node.className = value;
    else if (key === "text") node.textContent = value;
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? "" : value);
  }
  // Children may be nested arrays at any depth (a list of [dt, dd] pairs, say): all are flattened,
  // so an array never reaches String() and "[object HTMLElement]" never reaches the page.
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

// The snippet comes HTML-escaped from the server with only <mark> elements in it. Parsing it into
// an inert template and keeping text and <mark> only means nothing else could ever reach the page.
export function setSnippet(node, html) {
  const template = document.createElement("template");
  template.innerHTML = html;
  node.replaceChildren();
  for (const part of template.content.childNodes) {
    if (part.nodeType === Node.TEXT_NODE) node.append(part.textContent);
    else if (part.nodeName === "MARK") node.append(el("mark", { text: part.textContent }));
    else node.append(part.textContent || "");
  }
}

// decodeURIComponent that never throws: an address with a stray "%" (typed, cut when pasted) is
// read as it stands, and the server says it finds nothing there.
export function decodeComponent(text) {
  try {
    return decodeURIComponent(text);
  } catch (e) {
    return text;
  }
}

export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

export async function getJson(url) {
  let response;
  try {
    response = await fetch(url, { headers: { Accept: "application/json" } });
  } catch (e) {
    throw new ApiError(0, "network", e.message);
  }
  let body = null;
  try {
    body = await response.json();
  } catch (e) {
    throw new ApiError(response.status, "bad_response", `HTTP ${response.status}`);
  }
  if (!response.ok || body.error) {
    const error = body.error || {};
    throw new ApiError(response.status, error.code || "error", error.message || `HTTP ${response.status}`);
  }
  return body;
}

export async function copyText(text) {
  if (navigator.clipboard && window.isSecureContext) {
    try {
      await navigator.clipboard.writeText(text);
      return true;
    } catch (e) {
      // fall through to the selection-based copy
    }
  }
  const area = el("textarea", { class: "offscreen", readonly: true });
  area.value = text;
  document.body.append(area);
  area.select();
  let done = false;
  try {
    done = document.execCommand("copy");
  } catch (e) {
    done = false;
  }
  area.remove();
  return done;
}
