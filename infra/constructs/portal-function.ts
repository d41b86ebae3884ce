import { join } from 'node:path';
import { Duration, Stack, Stage, Validations } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { LogLevel, NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { loadServiceConfig, writePreparedServiceConfig } from '../../shared/config/service-config.js';
import { TRACER_FILE } from '../../shared/observability/tracing.js';
import { buildTracerFile, lambdaEsbuildOptions, lambdaNodeMajor, lazyInEveryLambda } from '../bundling.js';
import { fromProjectRoot, projectRoot } from '../project-paths.js';
import type { Logging } from './logging.js';

// Every Lambda of the portal is a PortalFunction: one place owns the runtime, the bundling, the
// log group and the environment that shared/config/runtime-config.ts parses at cold start.

/**
 * The bundle's service config (infra/services/<id>.json as synth prepared it), and where Lambda
 * puts it (/var/task is the code root).
 */
const bundledConfigName = 'service.json';
export const SERVICE_CONFIG_PATH_IN_LAMBDA = `/var/task/${bundledConfigName}`;

/** What every function needs to run; grants are given by the construct that owns the function. */
export interface PortalFunctionEnvironment {
  readonly table: ITable;
  readonly hmacKey: ISecret;
  readonly originVerify: ISecret;
  /** Absolute path of the service's config file (the admin's; each bundle gets it prepared). */
  readonly serviceConfigFile: string;
  readonly logging: Logging;
}

export interface PortalFunctionProps extends PortalFunctionEnvironment {
  /** Entry file, relative to the repository root (shared/http/route-table.ts `entryFileOf`). */
  readonly entry: string;
  /**
   * Packages shipped beside the bundle and imported on demand (infra/bundling.ts `lazyModules`),
   * beyond `lazyInEveryLambda`, which every function ships whatever it is given here.
   */
  readonly lazyModules?: readonly string[] | undefined;
  readonly description?: string;
  /** Functions not behind the HTTP API (the reminder scan and notify) set these. */
  readonly timeout?: Duration;
  readonly reservedConcurrentExecutions?: number;
  /** For asynchronously invoked functions: where failed invocations go after Lambda's retries. */
  readonly deadLetterQueue?: IQueue;
  /**
   * Why the function has no dead-letter queue or reserved concurrency when the HTTP reasons do not
   * fit (an SQS-triggered function has its queue's DLQ and its event source's concurrency limit).
   */
  readonly acknowledge?: { readonly lambdaDlq?: string; readonly lambdaConcurrency?: string };
}

const runtime = Runtime.NODEJS_22_X;
if (runtime.name !== `nodejs${lambdaNodeMajor}.x`) {
  throw new Error(
    `The Lambda runtime ${runtime.name} does not match the esbuild target node${lambdaNodeMajor}`,
  );
}

const shellQuote = (value: string): string => `'${value.replaceAll("'", "'\\''")}'`;

/**
 * Parses the service's file with the schema (the same check the stack made of it) and writes what
 * the Lambdas read at cold start: the parsed config with defaults applied and questionnaires built
 * (shared/config/prepared-service-config.ts). It goes in the cloud assembly's folder, next to the
 * assets built from it, one file per stack.
 */
const preparedServiceConfigFile = (scope: Construct, serviceConfigFile: string): string => {
  const stage = Stage.of(scope);
  if (!stage) throw new Error('A PortalFunction must be inside a CDK app');
  const path = join(stage.outdir, `${Stack.of(scope).artifactId}.${bundledConfigName}`);
  writePreparedServiceConfig(loadServiceConfig(serviceConfigFile), path);
  return path;
};

/**
 * The pre-bundled tracer (infra/bundling.ts), built into the app's output once per synth: not
 * reused from an earlier synth's output, which may predate a Powertools upgrade.
 */
const builtTracerFiles = new Set<string>();
const tracerFile = (scope: Construct): string => {
  const stage = Stage.of(scope);
  if (!stage) throw new Error('A PortalFunction must be inside a CDK app');
  const path = join(stage.outdir, TRACER_FILE);
  if (!builtTracerFiles.has(path)) {
    buildTracerFile(projectRoot, path);
    builtTracerFiles.add(path);
  }
  return path;
};

export class PortalFunction extends Construct {
  readonly function: NodejsFunction;
  readonly role: Role;

  constructor(scope: Construct, id: string, props: PortalFunctionProps) {
    super(scope, id);
    const logGroup = props.logging.logGroup(this, 'Logs');

    // A role of its own that may write to its own log group only, instead of the managed
    // AWSLambdaBasicExecutionRole (which may create any log group and write to all of them).
    const role = new Role(this, 'Role', { assumedBy: new ServicePrincipal('lambda.amazonaws.com') });
    logGroup.grantWrite(role);
    this.role = role;

    const options = lambdaEsbuildOptions;
    // Every function imports Powertools Metrics and the tracer on demand (infra/bundling.ts), so
    // every one ships them, whether or not its construct names its own lazy modules.
    const lazyModules = [...new Set([...(props.lazyModules ?? []), ...lazyInEveryLambda])];
    const preparedConfig = preparedServiceConfigFile(this, props.serviceConfigFile);
    const tracer = tracerFile(this);
    this.function = new NodejsFunction(this, 'Function', {
      entry: fromProjectRoot(props.entry),
      handler: 'handler',
      projectRoot,
      depsLockFilePath: fromProjectRoot('package-lock.json'),
      description: props.description,
      runtime,
      architecture: Architecture.ARM_64,
      memorySize: 512,
      // HTTP API waits at most 30 s; a page that takes longer than this is broken anyway.
      timeout: props.timeout ?? Duration.seconds(10),
      reservedConcurrentExecutions: props.reservedConcurrentExecutions,
      deadLetterQueue: props.deadLetterQueue,
      role,
      logGroup,
      // X-Ray traces each invocation (issue 15, item 1); the Powertools tracer, shipped beside the
      // bundle, adds the handler's and each AWS call's subsegments (shared/observability/tracing.ts).
      tracing: Tracing.ACTIVE,
      environment: {
        // Every log line names the service's stack, so two services' logs never mix. The business
        // metrics set their own `service` dimension, the service id (powertools-metrics.ts).
        POWERTOOLS_SERVICE_NAME: Stack.of(scope).stackName,
        TABLE_NAME: props.table.tableName,
        SERVICE_CONFIG_PATH: SERVICE_CONFIG_PATH_IN_LAMBDA,
        HMAC_SECRET_ARN: props.hmacKey.secretArn,
        ORIGIN_VERIFY_SECRET_ARN: props.originVerify.secretArn,
        NODE_OPTIONS: '--enable-source-maps',
        // A trace records that an invocation failed, never the error's text or the response:
        // both can carry personal data, and the logs hold the error (tracing.ts).
        POWERTOOLS_TRACER_CAPTURE_ERROR: 'false',
        POWERTOOLS_TRACER_CAPTURE_RESPONSE: 'false',
        // The tracer patches https for the whole process, so a call outside an invocation (the
        // secret fetch at a cold start, its retries) has no segment: not an error worth a log line.
        AWS_XRAY_CONTEXT_MISSING: 'IGNORE_ERROR',
      },
      bundling: {
        forceDockerBundling: false,
        format: OutputFormat.ESM,
        target: options.target,
        mainFields: options.mainFields,
        minify: options.minify,
        sourceMap: options.sourcemap,
        sourcesContent: options.sourcesContent,
        banner: options.banner.js,
        externalModules: [...options.external, ...lazyModules],
        nodeModules: lazyModules,
        logLevel: LogLevel.WARNING,
        commandHooks: {
          beforeBundling: () => [],
          beforeInstall: () => [],
          // The service's config ships inside the bundle: a cold start reads a local file
          // rather than calling another service, and a config change is a new code version. It
          // is synth's output, already validated, so the cold start does not run the schema.
          // The tracer, bundled on its own, goes beside the bundle (shared/observability/tracing.ts).
          afterBundling: (_inputDir, outputDir) => [
            `cp ${shellQuote(preparedConfig)} ${shellQuote(`${outputDir}/${bundledConfigName}`)}`,
            `cp ${shellQuote(tracer)} ${shellQuote(`${outputDir}/${TRACER_FILE}`)}`,
          ],
        },
      },
    });

    const runtimeReason = `DESIGN.md fixes the runtime at Node.js ${lambdaNodeMajor} (the esbuild target in infra/bundling.ts follows it); moving to a newer runtime is a deliberate upgrade with its own test run.`;
    Validations.of(this).acknowledge({ id: 'AwsSolutions-L1', reason: runtimeReason });
    Validations.of(this).acknowledge({ id: 'Serverless-LambdaLatestVersion', reason: runtimeReason });
    Validations.of(role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'X-Ray accepts trace segments (xray:PutTraceSegments, PutTelemetryRecords) only on the resource "*"; aws-cdk-lib adds the statement for active tracing.',
    });
    if (props.reservedConcurrentExecutions === undefined) {
      Validations.of(this).acknowledge({
        id: 'HIPAA.Security-LambdaConcurrency',
        reason:
          props.acknowledge?.lambdaConcurrency ??
          "Reserving concurrency takes it from the account's pool, which new accounts keep small, and a reservation that leaves too little unreserved fails the deploy; the HTTP API stage throttle bounds the load instead.",
      });
    }
    if (props.deadLetterQueue === undefined) {
      const reason =
        props.acknowledge?.lambdaDlq ??
        'Invoked synchronously by API Gateway: a failure is returned to the caller, and a dead-letter queue only receives failed asynchronous invocations.';
      Validations.of(this).acknowledge({ id: 'HIPAA.Security-LambdaDLQ', reason });
      Validations.of(this).acknowledge({ id: 'Serverless-LambdaDLQ', reason });
    }
    Validations.of(this).acknowledge({
      id: 'HIPAA.Security-LambdaInsideVPC',
      reason:
        'The function reaches only AWS service APIs (DynamoDB, Secrets Manager, CloudWatch; SQS, SNS and SES for the reminder functions), over TLS with IAM authorisation; it has no private network resources to reach.',
    });
    Validations.of(role).acknowledge({
      id: 'HIPAA.Security-IAMNoInlinePolicy',
      reason:
        'The policy comes from CDK grants and is attached to this role alone, which only this function assumes: it is reviewed and deleted together with the function.',
    });
  }
}
