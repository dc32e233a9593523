package com.example.logto.account;

/** One social identity of the user: the connector target, the user's id at the provider, and name/email if known. */
public record LinkedIdentity(String target, String userId, String name, String email) {

    public String getTarget() {
        return target;
    }

    public String getUserId() {
        return userId;
    }

    public String getName() {
        return name;
    }

    public String getEmail() {
        return email;
    }
}
