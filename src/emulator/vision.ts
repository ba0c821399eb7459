// Images as LM Studio judges them: a model without vision refuses any image (#908); only base64 data URLs of a
// format it decodes are read: WebP (#1027, #1839) and http(s) URLs (#1120) fail with the same message.
import { stringError, type Reply } from './exchange.js';
import { isObject } from './validate.js';

export const NO_VISION_MESSAGE = 'Model does not support images. Please use a model that does.';
export const NOT_BASE64_IMAGE_MESSAGE = "'url' field must be a base64 encoded image.";

/** The image URLs of chat messages (`image_url` parts) or native input items (`image` items). */
export function imageUrls(items: readonly unknown[]): string[] {
  const urls: string[] = [];
  const visit = (part: unknown): void => {
    if (!isObject(part)) return;
    if (part['type'] === 'image' && typeof part['data_url'] === 'string') urls.push(part['data_url']);
    const image = part['image_url'];
    if (part['type'] === 'image_url') urls.push(isObject(image) && typeof image['url'] === 'string' ? image['url'] : typeof image === 'string' ? image : '');
    if (Array.isArray(part['content'])) part['content'].forEach(visit);
  };
  items.forEach(visit);
  return urls;
}

/** LM Studio's reply to images it will not read, or undefined when it reads them all. */
export function imageRefusal(urls: readonly string[], vision: boolean): Reply | undefined {
  if (urls.length === 0) return undefined;
  if (!vision) return stringError(400, NO_VISION_MESSAGE);
  if (urls.some((url) => !/^data:image\/(png|jpe?g);base64,/i.test(url))) return stringError(400, NOT_BASE64_IMAGE_MESSAGE);
  return undefined;
}
