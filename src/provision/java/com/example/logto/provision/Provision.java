package com.example.logto.provision;

import com.example.logto.provision.ApplicationStep.App;
import com.example.logto.provision.ConnectorFile.InvalidFileException;
import com.example.logto.provision.ConnectorFile.Problem;
import com.example.logto.provision.ManagementApi.ApiException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The provisioning command ({@code ./provision [--dry-run] [--check-discovery] [--connector=FILE]
 * [--env-file=FILE]}): sets up Logto for this sample through the Management API. It is not part of the WAR; the
 * web app never holds Management API credentials.
 *
 * <pre>
 *  1. check the settings and the connector file (and with --check-discovery the upstream provider): all problems
 *     at once, before any call
 *  2. M2M token: client credentials at LOGTO_ENDPOINT/oidc/token, resource = Management API, scope=all
 *  3. the "Traditional web" app (ApplicationStep); its id and secret go to .logto/app.env (AppEnvFile)
 *  4. the OIDC social connector and the sign-in experience (ConnectorStep), if the connector file exists
 *  5. with the connector, the Account Center for /account (AccountCenterStep): linking, unlinking, and the
 *     connector's id and "offer for sign-in" written to .logto/app.env
 * </pre>
 *
 * Settings (environment): {@code LOGTO_ENDPOINT}, {@code LOGTO_M2M_APP_ID}, {@code LOGTO_M2M_APP_SECRET} (required),
 * {@code LOGTO_BASE_URL} (default {@code http://localhost:8080}), {@code LOGTO_APP_NAME} (default
 * {@code Logto Jakarta sample}), {@code LOGTO_MANAGEMENT_API_RESOURCE} (default from the endpoint). Exit status:
 * 0 done, 1 a Management API call failed, 2 bad settings, arguments or connector file.
 */
public final class Provision {

    static final String DEFAULT_CONNECTOR = "server-config/logto/oidc-connector.json";
    public static final String DEFAULT_ENV_FILE = ".logto/app.env";

    private Provision() {
    }

    /** The command line. */
    private static final class Options {
        boolean dryRun;
        boolean checkDiscovery;
        Path connector = Path.of(DEFAULT_CONNECTOR);
        Path envFile = Path.of(DEFAULT_ENV_FILE);
        String usageError;

        static Options parse(String[] args) {
            Options options = new Options();
            for (String arg : args) {
                if (arg.equals("--dry-run")) {
                    options.dryRun = true;
                } else if (arg.equals("--check-discovery")) {
                    options.checkDiscovery = true;
                } else if (arg.startsWith("--connector=")) {
                    options.connector = Path.of(arg.substring("--connector=".length()));
                } else if (arg.startsWith("--env-file=")) {
                    options.envFile = Path.of(arg.substring("--env-file=".length()));
                } else {
                    options.usageError = arg.equals("--help") ? "" : "\nUnknown argument: " + arg;
                }
            }
            return options;
        }
    }

    public static void main(String[] args) {
        System.exit(run(args, System::getenv, System.out));
    }

    static int run(String[] args, Function<String, String> env, PrintStream out) {
        Options options = Options.parse(args);
        if (options.usageError != null) {
            out.println("Usage: ./provision [--dry-run] [--check-discovery] [--connector=FILE] [--env-file=FILE]"
                    + options.usageError);
            return options.usageError.isEmpty() ? 0 : 2;
        }
        boolean dryRun = options.dryRun;
        Path connectorPath = options.connector;
        Path envFile = options.envFile;
        ProvisionSettings settings = new ProvisionSettings(env);
        List<String> problems = new ArrayList<>(settings.problems);
        ConnectorFile connector = null;
        if (Files.exists(connectorPath)) {
            try {
                connector = ConnectorFile.load(connectorPath, env);
                if (options.checkDiscovery) {
                    DiscoveryCheck.check(connector.body.getJsonObject("config")).stream()
                            .map(Problem::toString).map(p -> connectorPath + " " + p).forEach(problems::add);
                }
            } catch (InvalidFileException e) {
                problems.add(e.getMessage());
            }
        } else if (!connectorPath.toString().equals(DEFAULT_CONNECTOR)) {
            problems.add(connectorPath + " does not exist: give the path of your connector file");
        }
        if (!problems.isEmpty()) {
            out.println("Nothing was sent to Logto. Fix these first:");
            problems.forEach(p -> out.println("- " + p));
            return 2;
        }
        out.println((dryRun ? "Plan for " : "Provisioning ") + settings.endpoint + " (Management API "
                + settings.resource + ")");
        if (connector == null) {
            out.println("  No " + DEFAULT_CONNECTOR + ": the OIDC connector is skipped (copy "
                    + "server-config/logto/oidc-connector.example.json to create one).");
        }
        ManagementApi api = new ManagementApi(settings.endpoint, settings.m2mId, settings.m2mSecret, settings.resource);
        Report report = new Report(out, dryRun);
        Map<String, String> values = new LinkedHashMap<>();
        try {
            Map<String, String> previous = AppEnvFile.read(envFile);
            App app = new ApplicationStep(api, report).run(settings.appName, settings.baseUrl
                    + "/api/logto/sign-in-callback", settings.baseUrl + "/", previous.get("LOGTO_APP_SECRET"));
            values.put("LOGTO_ENDPOINT", settings.endpoint);
            values.put("LOGTO_BASE_URL", settings.baseUrl);
            if (app.id() != null) {
                values.put("LOGTO_APP_ID", app.id());
                values.put("LOGTO_APP_SECRET", app.secret());
            }
            if (connector != null) {
                ConnectorStep step = new ConnectorStep(api, report, settings.endpoint);
                String connectorId = step.upsert(connector);
                values.put("LOGTO_OIDC_CONNECTOR_TARGET", connector.target);
                values.put("LOGTO_OIDC_CONNECTOR_NAME", connector.name);
                if (connector.addToSignInExperience) {
                    step.addToSignInExperience(connector.target);
                } else {
                    values.put("LOGTO_OIDC_CONNECTOR_SIGN_IN", "false");
                    report.note("WARNING: the connector is not in Logto's sign-in experience (addToSignInExperience "
                            + "is not true), so it serves linking only: Logto's direct sign-in does not know it. The "
                            + "app gets LOGTO_OIDC_CONNECTOR_SIGN_IN=false and shows no \"Continue with\" button.");
                }
                if (!report.dryRun() || !connectorId.startsWith("<")) {
                    values.put("LOGTO_OIDC_CONNECTOR_ID", connectorId);
                }
                new AccountCenterStep(api, report).run();
                report.note("for linking on /account, the provider must also accept the redirect URI "
                        + settings.baseUrl + "/account/link-callback");
            }
            writeEnvFile(envFile, values, report);
            report.finished();
            return 0;
        } catch (ApiException | IOException e) {
            if (values.containsKey("LOGTO_APP_ID") && !dryRun) {
                try {
                    writeEnvFile(envFile, values, report);
                } catch (IOException writeFailure) {
                    report.note("could not write " + envFile + " either: " + writeFailure.getMessage());
                }
            }
            report.failed(e.getMessage());
            return 1;
        }
    }

    private static void writeEnvFile(Path file, Map<String, String> values, Report report) throws IOException {
        if (!values.containsKey("LOGTO_APP_ID")) {
            report.created(file + " with the new application's id and secret");
            return;
        }
        String summary = file + " (LOGTO_APP_ID=" + values.get("LOGTO_APP_ID") + ", LOGTO_APP_SECRET="
                + AppEnvFile.mask(values.get("LOGTO_APP_SECRET")) + ")";
        boolean existed = Files.exists(file);
        if (AppEnvFile.read(file).equals(values)) {
            report.unchanged(summary + " up to date");
            return;
        }
        if (!report.dryRun()) {
            AppEnvFile.write(file, values);
        }
        if (existed) {
            report.updated(summary);
        } else {
            report.created(summary);
        }
    }
}
