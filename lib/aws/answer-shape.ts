// AWS's query and JSON APIs never answer with an HTML page. An XML client (IAM) parses one as an
// empty answer (`<html><body>…` is well-formed enough), so a page from an endpoint that does not
// implement the call would read as "no results". Every client refuses such an answer before it is
// parsed; toAwsReadError then names it in plain words (docs/aws-behaviour.md §11.12).

interface RawResponse {
  statusCode?: number;
  headers?: Record<string, string | undefined>;
  body?: { resume?: () => void };
}

interface StackClient {
  middlewareStack: {
    add: (
      mw: (next: (args: unknown) => Promise<{ response: unknown }>) => (args: unknown) => Promise<{ response: unknown }>,
      options: { step: 'deserialize'; priority: 'low'; name: string },
    ) => void;
  };
}

function contentTypeOf(r: RawResponse): string {
  const v = Object.entries(r.headers ?? {}).find(([k]) => k.toLowerCase() === 'content-type')?.[1] ?? '';
  return (v.split(';')[0] ?? '').trim().toLowerCase();
}

/** Makes `client` fail a call answered with an HTML page, with the raw response attached as the SDK does. */
export function refuseHtmlAnswers<C extends StackClient>(client: C): C {
  client.middlewareStack.add(
    (next) => async (args) => {
      const result = await next(args);
      const response = result.response as RawResponse;
      const type = contentTypeOf(response);
      if (type === 'text/html' || type === 'application/xhtml+xml') {
        response.body?.resume?.(); // discard the page, freeing the connection
        const err = new Error(`The endpoint answered with ${type}.`) as Error & { $response?: RawResponse; $metadata?: { httpStatusCode?: number } };
        err.name = 'UnexpectedResponse';
        Object.defineProperty(err, '$response', { value: response, enumerable: false });
        err.$metadata = { httpStatusCode: response.statusCode };
        throw err;
      }
      return result;
    },
    { step: 'deserialize', priority: 'low', name: 'sfnLensRefuseHtmlAnswers' },
  );
  return client;
}
