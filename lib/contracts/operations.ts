import type { ApiOperation } from "./api-operation";
import { healthzOperation, openApiOperation, readyzOperation } from "./health";
import { metricsOperation } from "./metrics";

/** Every operation of the public API, in the order the OpenAPI document lists them. Each domain adds its own. */
export const apiOperations: ApiOperation[] = [healthzOperation, readyzOperation, openApiOperation, metricsOperation];
