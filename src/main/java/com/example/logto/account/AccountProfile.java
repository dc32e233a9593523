package com.example.logto.account;

import java.util.List;
import java.util.Optional;

/**
 * What {@code GET /api/my-account} tells: the linked identities (only with the {@code identities} scope and the
 * Account Center's {@code social} field readable; {@code identitiesListed} is false otherwise), whether the user has
 * a password ({@code hasPassword}, only with the {@code password} field readable and the {@code profile} scope), and
 * whether a primary email or phone is shown (fields {@code email}/{@code phone}).
 */
record AccountProfile(boolean identitiesListed, List<LinkedIdentity> identities, Optional<Boolean> hasPassword,
                      boolean emailOrPhone) {

    /** What the profile says about signing in without the identity at {@code target}. */
    enum OtherSignIn { YES, NO, UNKNOWN }

    Optional<LinkedIdentity> identity(String target) {
        return identities.stream().filter(i -> i.target().equals(target)).findFirst();
    }

    /**
     * Whether the user could still sign in after unlinking {@code target}: with a password, an email or phone
     * (passwordless codes), or another identity. Logto 1.37 does not check this (v1.38 does,
     * {@code user.last_sign_in_method_required}), so the app must. {@code UNKNOWN} when Logto does not show
     * {@code hasPassword} and nothing else answers: the app then refuses rather than guess.
     */
    OtherSignIn otherSignInThan(String target) {
        if (identities.stream().anyMatch(i -> !i.target().equals(target)) || emailOrPhone
                || hasPassword.orElse(false)) {
            return OtherSignIn.YES;
        }
        return hasPassword.isPresent() ? OtherSignIn.NO : OtherSignIn.UNKNOWN;
    }
}
