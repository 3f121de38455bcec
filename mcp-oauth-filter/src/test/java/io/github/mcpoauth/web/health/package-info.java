/** An application's own classes for the health resource's web test, deployed in WEB-INF/classes. */
package io.github.mcpoauth.web.health;
