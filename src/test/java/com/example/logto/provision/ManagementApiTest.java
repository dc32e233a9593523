package com.example.logto.provision;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The Management API resource indicator Logto expects for each kind of endpoint. */
class ManagementApiTest {

    @ParameterizedTest
    @CsvSource({
        "https://abc123.logto.app, https://abc123.logto.app/api",
        "https://abc123.logto.app/, https://abc123.logto.app/api",
        "http://localhost:3001, https://default.logto.app/api",
        "https://auth.example.com, https://default.logto.app/api",
        "https://a.b.logto.app, https://default.logto.app/api"})
    void resourceIsTheTenantsOnLogtoCloudAndDefaultWhenSelfHosted(String endpoint, String resource) {
        assertEquals(resource, ManagementApi.resourceFor(URI.create(endpoint)));
    }
}
