# expect: DET301@7 DET301@8
import ftplib
from smtplib import SMTP


def mirror():
    ftp = ftplib.FTP("ftp.example.com")
    mail = SMTP("mail.example.com", 25)
    return ftp, mail
