// The typed failures the web layer maps to statuses; they are the services' own.
export { BadRequest, Forbidden, HttpError, NotFound } from '../services/errors';
