// Typed failures of a use case (not found, forbidden, conflict, bad request), mapped to HTTP once in the web error handler.
export class HttpError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}
export class NotFound extends HttpError {
  constructor(message = '页面不存在') {
    super(404, message);
  }
}
export class Forbidden extends HttpError {
  constructor(message = '没有权限访问此页面') {
    super(403, message);
  }
}
export class BadRequest extends HttpError {
  constructor(message: string) {
    super(400, message);
  }
}
