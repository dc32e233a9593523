package com.example.logto.devprovider;

import com.example.logto.devprovider.ProviderOrganizations.Organization;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The login page's "Organizations" field ({@link LogtoDevProvider.Builder#organizationsAtSignIn}): the organizations
 * the user joins at this sign-in, and the roles there, written {@code <organization id>: <role>, <role>; ...}
 * ({@code org-acme: manager; org-globex: viewer}). It stands in for the Console, where a Logto administrator adds
 * members to organizations; like the roles field, what is typed replaces the previous sign-in's memberships, and
 * an empty field means no organization.
 */
final class OrganizationsField {

    private final String defaultValue;
    private final Map<String, Organization> organizations;
    private final Map<String, List<String>> permissionsByRole;

    /** Fails at once when {@code defaultValue} itself names an unknown organization or role. */
    OrganizationsField(String defaultValue, Map<String, Organization> organizations,
                       Map<String, List<String>> permissionsByRole) {
        this.defaultValue = defaultValue.strip();
        this.organizations = organizations;
        this.permissionsByRole = permissionsByRole;
        parse(this.defaultValue);
    }

    /** What the field shows on a fresh login page. */
    String defaultValue() {
        return defaultValue;
    }

    /**
     * Organization id to roles, in the order written; a {@link IllegalArgumentException} whose message the login
     * page shows for an unknown organization or organization role.
     */
    Map<String, List<String>> parse(String value) {
        Map<String, LinkedHashSet<String>> memberships = new LinkedHashMap<>();
        for (String entry : value.split(";")) {
            if (entry.isBlank()) {
                continue;
            }
            int colon = entry.indexOf(':');
            String id = (colon < 0 ? entry : entry.substring(0, colon)).strip();
            if (!organizations.containsKey(id)) {
                throw new IllegalArgumentException("Unknown organization \"" + id + "\": this provider has "
                        + String.join(", ", organizations.keySet()) + ".");
            }
            LinkedHashSet<String> roles = memberships.computeIfAbsent(id, k -> new LinkedHashSet<>());
            String roleList = colon < 0 ? "" : entry.substring(colon + 1);
            for (String role : roleList.split(",")) {
                String name = role.strip();
                if (name.isEmpty()) {
                    continue;
                }
                if (!permissionsByRole.containsKey(name)) {
                    throw new IllegalArgumentException("Unknown organization role \"" + name
                            + "\": the organization template has " + String.join(", ", permissionsByRole.keySet())
                            + ".");
                }
                roles.add(name);
            }
        }
        Map<String, List<String>> result = new LinkedHashMap<>();
        memberships.forEach((id, roles) -> result.put(id, List.copyOf(roles)));
        return result;
    }

    /**
     * Which organizations the default joins and why, shown next to the field, e.g. "This development provider has
     * the example organizations Acme (org-acme), Globex (org-globex), so that the app has some to show; by default
     * you are manager in Acme and viewer in Globex. Organization roles: manager grants read:org-orders,
     * write:org-orders; viewer grants read:org-orders. ..."
     */
    String explanation() {
        List<String> joined = new ArrayList<>();
        parse(defaultValue).forEach((id, roles) -> joined.add((roles.isEmpty() ? "a member" : String.join(" and ",
                roles)) + " in " + organizations.get(id).name()));
        return "This development provider has the example organizations "
                + organizations.values().stream().map(o -> o.name() + " (" + o.id() + ")")
                        .collect(Collectors.joining(", "))
                + ", so that the app has some to show" + (joined.isEmpty() ? "" : "; by default you are "
                        + String.join(" and ", joined)) + ". Organization roles: "
                + permissionsByRole.entrySet().stream().map(e -> e.getKey() + " grants " + String.join(", ",
                        e.getValue())).collect(Collectors.joining("; "))
                + ". Write <organization id>: <roles>; ... or leave it empty for none (in Logto, an administrator"
                + " adds members in the Console).";
    }
}
